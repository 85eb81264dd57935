package org.aquasurf.nn;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Base of the tests that need an {@link NDManager}: {@link #manager} is open for all tests of a class
 * and closed after them. Test classes run one after another (no parallel execution is configured),
 * so the one static field serves each class in turn.
 */
abstract class ManagedNdTest {

    /** Open while the tests of a class run. */
    static NDManager manager;

    @BeforeAll
    static void openManager() { manager = NDManager.newBaseManager(); }

    @AfterAll
    static void closeManager() { manager.close(); }
}
