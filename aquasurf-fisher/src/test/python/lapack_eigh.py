"""Times LAPACK symmetric eigenvalues (scipy.linalg.eigh, eigvals_only) on the K-FAC factors that
FisherBenchmark dumped, and compares them with EJML's eigenvalues and CPU seconds
(process CPU time, single-threaded BLAS, robust to other load on the machine).
Usage: OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 python3 lapack_eigh.py DUMP_DIR"""
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
