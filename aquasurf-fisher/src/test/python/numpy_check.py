"""Second-method checks on what FisherBenchmark dumped (run it with a dump directory first).
1. Times LAPACK symmetric eigenvalues (scipy.linalg.eigh, eigvals_only) on the same K-FAC factors
   and compares them with EJML's eigenvalues and CPU seconds (process CPU time; run with
   single-threaded BLAS so that the numbers compare with one libtorch thread).
2. Recomputes the CDF features from the dumped eigenvalues with numpy.histogram (density on
   linspace(-100, 100, weights // 100) edges, cumulated, normalised) and compares them with Java's.
Usage: OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 python3 numpy_check.py DUMP_DIR"""
import csv
import os
import sys
import time

import numpy as np
import scipy.linalg

dump = sys.argv[1]
rows = list(csv.DictReader(open(os.path.join(dump, 'ejml_seconds.csv'))))
total_ejml = total_lapack = 0.0
print(f"{'matrix':<14}{'size':>6}{'EJML cpu s':>12}{'LAPACK cpu s':>14}{'ratio':>8}{'max |diff|/max eig':>20}")
for row in rows:
    m = np.load(os.path.join(dump, row['matrix'] + '.npy'))
    ejml = np.load(os.path.join(dump, row['matrix'] + '_eig.npy')).ravel()
    scipy.linalg.eigh(m, eigvals_only=True)  # warm-up
    t = time.process_time()
    lapack = scipy.linalg.eigh(m, eigvals_only=True)
    seconds = time.process_time() - t
    ejml_seconds = float(row['ejml_seconds'])
    total_ejml += ejml_seconds
    total_lapack += seconds
    diff = np.max(np.abs(np.sort(lapack) - ejml)) / np.max(np.abs(lapack))
    print(f"{row['matrix']:<14}{int(row['size']):>6}{ejml_seconds:>12.4f}{seconds:>14.4f}"
          f"{ejml_seconds / seconds:>8.1f}{diff:>20.2e}")
print(f"{'total':<20}{total_ejml:>12.3f}{total_lapack:>14.3f}{total_ejml / total_lapack:>8.1f}")

features = []
with np.errstate(divide='ignore', invalid='ignore'):
    for layer in csv.DictReader(open(os.path.join(dump, 'layers.csv'))):
        log_a = np.log(np.load(os.path.join(dump, layer['layer'] + '_A_eig.npy')).ravel())
        log_g = np.log(np.load(os.path.join(dump, layer['layer'] + '_G_eig.npy')).ravel())
        pairs = (log_a[:, None] + log_g[None, :]).ravel()
        pdf, _ = np.histogram(pairs, bins=np.linspace(-100, 100, int(layer['weights']) // 100), density=True)
        cdf = np.cumsum(pdf)
        features.extend(cdf / cdf[-1])
java = np.load(os.path.join(dump, 'features.npy')).ravel()
print(f"features: {len(java)} values, numpy.histogram recomputation differs by at most "
      f"{np.max(np.abs(np.array(features) - java)):.2e}")
