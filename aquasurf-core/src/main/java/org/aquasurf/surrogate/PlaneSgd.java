package org.aquasurf.surrogate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The embedding's stochastic gradient descent in two dimensions (umap-learn's optimize_layout_euclidean,
 * moving both ends of each edge) on one or more threads, computing exactly the numbers of
 * {@link Umap#optimizeAnyDimension}, bit for bit, whatever the thread count.
 *
 * <p>Each epoch is cut into tasks, one per point with sampled edges: that point's attractions and negative
 * samples, in the serial loop's order, with the point's coordinates held in locals. The negative samples do
 * not depend on the layout, so before an epoch runs they are drawn in the serial loop's order, and every
 * task's reads and writes are then known. A task starts only once every earlier task that writes a point
 * it touches, or touches a point it writes, has finished; tasks that share no point commute. So any schedule
 * gives the serial result. The serial loop is a chain of log, exp and division per sample; at 5,000 points
 * a task touches about 40 random points, and few tasks conflict with the one running beside them.
 */
final class PlaneSgd {

    private static final int SPINS_BEFORE_YIELD = 1 << 10;
    /** Tasks a thread holds back while they wait for others. */
    private static final int MAX_SET_ASIDE = 8;
    /**
     * Doubles per point in the coordinate array. Padding each point to its own 64-byte cache line (8), against
     * false sharing between neighbouring points, measured no faster on 2 cores (median 3.0 s against 2.8 s).
     */
    private static final int STRIDE = 2;

    private final int n;
    private final int[] tail;
    private final double[] p;
    private final double a;
    private final double b;
    private final double attraction;
    private final double repulsion;
    /** Plans of the running epoch and of the next one, used in turn. */
    private final Plan[] plans;
    /** The running epoch's plan; set before the threads are released. */
    private Plan plan;
    private final AtomicInteger next = new AtomicInteger();
    /** Every task up to this index (in the current epoch) has finished. */
    private final AtomicInteger finishedPrefix = new AtomicInteger();
    /** Per task, the number of the last epoch (from 1) in which it finished. */
    private final AtomicIntegerArray finishedIn;
    private volatile double alpha;
    private volatile int epochStamp;
    /**
     * What stopped a thread's work, if it failed: threads waiting for its tasks stop too, and the calling
     * thread throws at the end of the epoch (the failed helper still meets the barriers).
     */
    private volatile Throwable failure;

    private PlaneSgd(double[] p, FuzzyGraph g, AbCurve curve) {
        this.n = g.size();
        this.tail = g.cols;
        this.p = p;
        this.a = curve.a();
        this.b = curve.b();
        this.attraction = -2.0 * a * b;
        this.repulsion = 2.0 * Umap.REPULSION * b;
        this.plans = new Plan[] {new Plan(g), new Plan(g)};
        this.finishedIn = new AtomicIntegerArray(n);
    }

    /**
     * Runs {@code epochs} epochs on {@code y} (n rows of 2 coordinates; modified), drawing negative samples
     * from {@code random} (modified) exactly as the serial loop does.
     *
     * @param threads threads to use, the calling one included (≥ 1); the result does not depend on it
     */
    static void optimize(double[][] y, FuzzyGraph g, int epochs, AbCurve curve, SplittableRandom random, int threads) {
        int n = g.size();
        double[] p = new double[STRIDE * n];
        for (int i = 0; i < n; i++) {
            p[STRIDE * i] = y[i][0];
            p[STRIDE * i + 1] = y[i][1];
        }
        PlaneSgd sgd = new PlaneSgd(p, g, curve);
        EdgeSchedule schedule = new EdgeSchedule(g);
        if (threads <= 1) {
            double alpha = Umap.LEARNING_RATE;
            for (int epoch = 0; epoch < epochs; epoch++) {
                sgd.plans[epoch % 2].make(epoch, schedule, random, false);
                sgd.start(epoch, alpha);
                sgd.work();
                alpha = Umap.LEARNING_RATE * (1.0 - (double) epoch / epochs);
            }
        } else {
            sgd.runOnThreads(epochs, schedule, random, threads);
        }
        for (int i = 0; i < n; i++) {
            y[i][0] = p[STRIDE * i];
            y[i][1] = p[STRIDE * i + 1];
        }
    }

    /**
     * Epochs run between two barriers. While the other threads start on an epoch's tasks, the calling
     * thread plans the next epoch (planning needs no coordinates), then joins them.
     */
    private void runOnThreads(int epochs, EdgeSchedule schedule, SplittableRandom random, int threads) {
        CyclicBarrier barrier = new CyclicBarrier(threads);
        boolean[] stop = {false}; // written before a barrier, read after it
        List<Thread> helpers = new ArrayList<>();
        for (int t = 1; t < threads; t++) {
            Thread helper = new Thread(() -> {
                try {
                    while (true) {
                        barrier.await();
                        if (stop[0]) {
                            return;
                        }
                        if (failure == null) {
                            try {
                                work();
                            } catch (RuntimeException | Error e) { // keep meeting the barriers: the caller stops
                                failure = e;
                            }
                        }
                        barrier.await();
                    }
                } catch (InterruptedException | BrokenBarrierException e) {
                    Thread.currentThread().interrupt();
                }
            }, "umap-sgd-" + t);
            helper.setDaemon(true);
            helper.start();
            helpers.add(helper);
        }
        try {
            double alpha = Umap.LEARNING_RATE;
            plans[0].make(0, schedule, random, true);
            for (int epoch = 0; epoch < epochs; epoch++) {
                start(epoch, alpha);
                barrier.await();
                if (epoch + 1 < epochs) {
                    plans[(epoch + 1) % 2].make(epoch + 1, schedule, random, true);
                }
                work();
                barrier.await();
                if (failure != null) {
                    throw new IllegalStateException("an embedding thread failed", failure);
                }
                alpha = Umap.LEARNING_RATE * (1.0 - (double) epoch / epochs);
            }
            stop[0] = true;
            barrier.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while laying out the embedding", e);
        } catch (BrokenBarrierException e) { // a helper was interrupted from outside
            throw new IllegalStateException("an embedding thread was interrupted", e);
        } finally {
            helpers.forEach(Thread::interrupt);
        }
    }

    /** Makes the epoch's plan current and resets the task counters (before the other threads are released). */
    private void start(int epoch, double alpha) {
        plan = plans[epoch % 2];
        this.alpha = alpha;
        next.set(0);
        finishedPrefix.set(-1);
        epochStamp = epoch + 1;
    }

    /**
     * Takes tasks in order until none is left. A task runs once every task up to its dependency has
     * finished: no task between the two shares a point with it, so it may run before them. A task that
     * must wait is set aside (up to {@link #MAX_SET_ASIDE}) while later ones run; the earliest unfinished
     * task can always run, so the threads never wait for each other for long.
     */
    private void work() {
        Plan plan = this.plan;
        int count = plan.count;
        int stamp = epochStamp;
        double alpha = this.alpha;
        int[] setAside = new int[MAX_SET_ASIDE];
        int waiting = 0;
        boolean allTaken = false;
        for (int spins = 0; ; ) {
            int runnable = -1;
            int prefix = finishedPrefix.get();
            for (int q = 0; q < waiting; q++) {
                if (plan.dependency[setAside[q]] <= prefix) {
                    runnable = setAside[q];
                    System.arraycopy(setAside, q + 1, setAside, q, waiting - q - 1);
                    waiting--;
                    break;
                }
            }
            if (runnable < 0 && !allTaken && waiting < MAX_SET_ASIDE) {
                int j = next.getAndIncrement();
                if (j >= count) {
                    allTaken = true;
                } else if (plan.dependency[j] <= finishedPrefix.get()) {
                    runnable = j;
                } else {
                    setAside[waiting++] = j;
                }
            }
            if (runnable >= 0) {
                run(plan, runnable, alpha);
                finished(runnable, stamp, count);
                spins = 0;
            } else if (allTaken && waiting == 0) {
                return;
            } else if (failure != null) {
                throw new IllegalStateException("an embedding thread failed", failure);
            } else if (Thread.currentThread().isInterrupted()) { // the calling thread gave up
                throw new IllegalStateException("interrupted while laying out the embedding");
            } else if (spins++ < SPINS_BEFORE_YIELD) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }

    /** Marks task {@code j} finished and moves the finished prefix past every finished task. */
    private void finished(int j, int stamp, int count) {
        finishedIn.set(j, stamp);
        int done = finishedPrefix.get();
        while (done + 1 < count && finishedIn.get(done + 1) == stamp) {
            if (finishedPrefix.compareAndSet(done, done + 1)) {
                done++;
            } else {
                done = finishedPrefix.get();
            }
        }
    }

    /** Task {@code j}: the serial loop's body for one head point; a graph has no diagonal, so no other point is the head. */
    private void run(Plan plan, int j, double alpha) {
        int i = plan.head[j];
        double cx = p[STRIDE * i];
        double cy = p[STRIDE * i + 1];
        for (int s = plan.edgeStart[j]; s < plan.edgeStart[j + 1]; s++) {
            int t = tail[plan.edge[s]];
            double ox = p[STRIDE * t];
            double oy = p[STRIDE * t + 1];
            double dx = cx - ox;
            double dy = cy - oy;
            double dist2 = dx * dx + dy * dy;
            double coef = 0.0;
            if (dist2 > 0) {
                double powB = Math.exp(b * Math.log(dist2)); // dist2^b; dist2^(b-1) = powB / dist2
                coef = attraction * (powB / dist2) / (a * powB + 1.0);
            }
            double gx = Umap.clip(coef * (cx - ox));
            cx += gx * alpha;
            p[STRIDE * t] = ox - gx * alpha;
            double gy = Umap.clip(coef * (cy - oy));
            cy += gy * alpha;
            p[STRIDE * t + 1] = oy - gy * alpha;
            for (int q = plan.negativeStart[s]; q < plan.negativeStart[s + 1]; q++) {
                int k = plan.negative[q];
                if (k == i) {
                    continue;
                }
                double fx = p[STRIDE * k];
                double fy = p[STRIDE * k + 1];
                double rx = cx - fx;
                double ry = cy - fy;
                double d2 = rx * rx + ry * ry;
                double repel = d2 > 0
                        ? repulsion / ((0.001 + d2) * (a * Math.exp(b * Math.log(d2)) + 1.0))
                        : 0.0;
                cx += (repel > 0 ? Umap.clip(repel * (cx - fx)) : Umap.CLIP) * alpha;
                cy += (repel > 0 ? Umap.clip(repel * (cy - fy)) : Umap.CLIP) * alpha;
            }
        }
        p[STRIDE * i] = cx;
        p[STRIDE * i + 1] = cy;
    }

    /** One epoch's tasks: sampled edges and negative samples in the serial loop's order, and each task's dependency. */
    private static final class Plan {
        private final FuzzyGraph g;
        int count;
        final int[] head;
        final int[] edgeStart;
        /** Per task, the latest earlier task it must wait for, or -1. */
        final int[] dependency;
        int[] edge;
        int[] negativeStart;
        int[] negative;
        /** Per point, the latest task of this epoch that wrote it / read it, or -1. */
        private final int[] lastWriter;
        private final int[] lastReader;

        Plan(FuzzyGraph g) {
            this.g = g;
            int n = g.size();
            head = new int[n];
            edgeStart = new int[n + 1];
            dependency = new int[n];
            edge = new int[Math.max(16, g.entryCount())];
            negativeStart = new int[edge.length + 1];
            negative = new int[4 * edge.length];
            lastWriter = new int[n];
            lastReader = new int[n];
        }

        /**
         * Plans {@code epoch}: advances {@code schedule} and draws from {@code random} (both modified) as the
         * serial loop does. Without {@code dependencies} (one thread) every task's dependency is -1.
         */
        void make(int epoch, EdgeSchedule schedule, SplittableRandom random, boolean dependencies) {
            int n = g.size();
            int[] rowStart = g.rowStart;
            int[] cols = g.cols;
            double[] nextSample = schedule.nextSample;
            int[] lastWriter = this.lastWriter;
            int[] lastReader = this.lastReader;
            int[] drawn = negative;
            if (dependencies) {
                Arrays.fill(lastWriter, -1);
                Arrays.fill(lastReader, -1);
            }
            count = 0;
            int sampled = 0;
            int negatives = 0;
            for (int i = 0; i < n; i++) {
                int j = count;
                // Points the task writes (the head and its sampled edges' tails) wait for earlier readers and
                // writers, points it reads (negative samples) for earlier writers.
                int dep = dependencies ? Math.max(lastWriter[i], lastReader[i]) : -1;
                int first = sampled;
                for (int e = rowStart[i]; e < rowStart[i + 1]; e++) {
                    if (nextSample[e] > epoch) {
                        continue;
                    }
                    if (dependencies) {
                        int t = cols[e];
                        dep = Math.max(dep, Math.max(lastWriter[t], lastReader[t]));
                    }
                    int draws = schedule.sampled(e, epoch);
                    if (negatives + draws > drawn.length) {
                        drawn = Arrays.copyOf(drawn, Math.max(2 * drawn.length, negatives + draws));
                        negative = drawn;
                    }
                    edge[sampled] = e;
                    negativeStart[sampled] = negatives;
                    for (int s = 0; s < draws; s++) {
                        int k = random.nextInt(n);
                        drawn[negatives++] = k;
                        if (dependencies) {
                            dep = Math.max(dep, lastWriter[k]);
                        }
                    }
                    sampled++;
                }
                if (sampled == first) {
                    continue;
                }
                negativeStart[sampled] = negatives;
                count++;
                head[j] = i;
                edgeStart[j] = first;
                edgeStart[j + 1] = sampled;
                dependency[j] = dep;
                if (dependencies) { // only now, so that the task's own reads and writes do not count as earlier ones
                    lastWriter[i] = j;
                    for (int s = first; s < sampled; s++) {
                        lastWriter[cols[edge[s]]] = j;
                    }
                    for (int q = negativeStart[first]; q < negatives; q++) {
                        lastReader[drawn[q]] = j;
                    }
                }
            }
        }
    }
}
