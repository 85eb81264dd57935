package org.aquasurf.fisher;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

import java.util.Arrays;

/** Eigenvalues of symmetric matrices with EJML. */
final class Eigen {

    private Eigen() {
    }

    /**
     * Eigenvalues of a symmetric matrix in ascending order; all NaN when the matrix has a
     * non-finite entry. The matrix is not modified.
     *
     * @throws IllegalStateException if EJML's decomposition fails to converge
     */
    static double[] symmetric(DMatrixRMaj m) {
        int n = m.getNumRows();
        double[] values = new double[n];
        for (double v : m.getData()) {
            if (!Double.isFinite(v)) {
                Arrays.fill(values, Double.NaN);
                return values;
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, false, true);
        if (!eig.decompose(eig.inputModified() ? m.copy() : m)) {
            throw new IllegalStateException("Fisher: EJML symmetric eigen-decomposition of a "
                    + n + "x" + n + " matrix did not converge");
        }
        for (int i = 0; i < n; i++) {
            values[i] = eig.getEigenvalue(i).real;
        }
        Arrays.sort(values);
        return values;
    }
}
