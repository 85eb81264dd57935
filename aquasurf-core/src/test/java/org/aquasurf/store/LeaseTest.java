package org.aquasurf.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** A claim is a lease: once it expired and the class was claimed again, the old holder writes nothing. */
class LeaseTest {
    @TempDir Path dir;

    @ParameterizedTest @MethodSource("org.aquasurf.store.Backends#all")
    void aStalledWorkersLateResultIsRejectedAndExactlyOneResultIsStored(String backend) throws Exception {
        String url = Backends.newStore(backend, dir, "a.db");
        try (FunctionStore store = FunctionStore.open(url)) {
            store.populate(List.of("relu(x)", "tanh(x)"));
            Claim a = store.claimAny("A").orElseThrow();
            assertTrue(store.heartbeat(a));
            Thread.sleep(30); // A stalls: no heartbeat for longer than B's staleAfter of 10 ms
            assertEquals(1, store.releaseExpired(Duration.ofMillis(10)));
            Claim b = store.claim(a.classId(), "B").orElseThrow();
            assertTrue(b.lease() > a.lease(), "a new claim takes a larger lease");
            assertFalse(store.heartbeat(a), "A's lease is gone");
            assertTrue(store.complete(b, EvaluationResult.ofValidationAccuracy(0.25)));
            assertFalse(store.complete(a, EvaluationResult.ofValidationAccuracy(0.75)), "A's late result is rejected");
            assertFalse(store.fail(a, "late failure"), "and so is A's late failure");
            assertFalse(store.complete(b, EvaluationResult.ofValidationAccuracy(0.5)), "a claim completes once");
            FunctionRecord r = store.get(a.classId()).orElseThrow();
            assertEquals(ClassStatus.DONE, r.status());
            assertEquals("B", r.claimedBy());
            assertEquals(0.25, r.validationAccuracy());
            assertNull(r.evaluationError());
            assertEquals(1, store.summary().evaluated());
            assertEquals(0, store.summary().failed());
        }
    }

    @ParameterizedTest @MethodSource("org.aquasurf.store.Backends#all")
    void aRestartedWorkerCannotCompleteTheClaimOfItsEarlierLife(String backend) {
        String url = Backends.newStore(backend, dir, "a.db");
        try (FunctionStore store = FunctionStore.open(url)) {
            store.populate(List.of("relu(x)"));
            Claim old = store.claimAny("w").orElseThrow();
            assertEquals(1, store.releaseStale("w", Duration.ofHours(1)), "the restarted worker releases its claims");
            Claim now = store.claimAny("w").orElseThrow(); // same worker id, same class, maybe the same millisecond
            assertEquals(old.classId(), now.classId());
            assertTrue(now.lease() > old.lease());
            assertFalse(store.complete(old, EvaluationResult.ofValidationAccuracy(0.1)));
            assertTrue(store.fail(now, "diverged"));
            assertFalse(store.complete(now, EvaluationResult.ofValidationAccuracy(0.1)), "a failed claim is no longer held");
            FunctionRecord r = store.get(now.classId()).orElseThrow();
            assertEquals(ClassStatus.FAILED, r.status());
            assertEquals("diverged", r.evaluationError());
            assertNull(r.result());
        }
    }

    @ParameterizedTest @MethodSource("org.aquasurf.store.Backends#all")
    void leasesKeepGrowingAcrossCleanAndSoftClean(String backend) {
        String url = Backends.newStore(backend, dir, "a.db");
        try (FunctionStore store = FunctionStore.open(url)) {
            store.populate(List.of("relu(x)"));
            Claim first = store.claimAny("w").orElseThrow();
            assertEquals(1, store.softClean());
            Claim second = store.claimAny("w").orElseThrow();
            assertTrue(store.complete(second, EvaluationResult.ofValidationAccuracy(0.5)));
            assertEquals(1, store.clean());
            Claim third = store.claimAny("w").orElseThrow();
            assertTrue(first.lease() < second.lease() && second.lease() < third.lease());
            assertFalse(store.complete(first, EvaluationResult.ofValidationAccuracy(0.9)));
            assertFalse(store.complete(second, EvaluationResult.ofValidationAccuracy(0.9)));
            assertEquals(ClassStatus.RUNNING, store.get(third.classId()).orElseThrow().status());
        }
    }

    @ParameterizedTest @MethodSource("org.aquasurf.store.Backends#all")
    void releaseExpiredKeepsFreshClaimsAndRejectsANonPositiveTimeout(String backend) throws Exception {
        String url = Backends.newStore(backend, dir, "a.db");
        try (FunctionStore store = FunctionStore.open(url)) {
            store.populate(List.of("relu(x)", "tanh(x)"));
            Claim old = store.claimAny("A").orElseThrow();
            Thread.sleep(30);
            Claim fresh = store.claimAny("B").orElseThrow();
            assertEquals(1, store.releaseExpired(Duration.ofMillis(20)) + store.releaseExpired(Duration.ofHours(1)));
            assertEquals(ClassStatus.NEW, store.get(old.classId()).orElseThrow().status());
            assertEquals(ClassStatus.RUNNING, store.get(fresh.classId()).orElseThrow().status());
            var e = assertThrows(IllegalArgumentException.class, () -> store.releaseExpired(Duration.ZERO));
            assertTrue(e.getMessage().contains("staleAfter"));
        }
    }
}
