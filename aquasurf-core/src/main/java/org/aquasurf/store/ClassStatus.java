package org.aquasurf.store;

/** Where an equivalence class stands in the search. */
public enum ClassStatus {
    /** Not evaluated and not claimed: a candidate for suggestion. */
    NEW,
    /** Claimed by a worker that is evaluating it. */
    RUNNING,
    /** Evaluated; results are stored (accuracies may be NaN when training diverged). */
    DONE,
    /** The evaluation threw; the error is stored. {@link FunctionStore#softClean()} makes it NEW again. */
    FAILED
}
