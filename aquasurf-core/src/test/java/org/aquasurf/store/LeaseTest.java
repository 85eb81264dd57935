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
            Claim a = store.leases().claimAny("A").orElseThrow();
            assertTrue(store.leases().heartbeat(a));
            Thread.sleep(30); // A stalls: no heartbeat for longer than B's staleAfter of 10 ms
            assertEquals(1, store.leases().releaseExpired(Duration.ofMillis(10)));
            Claim b = store.leases().claim(a.classId(), "B").orElseThrow();
            assertTrue(b.lease() > a.lease(), "a new claim takes a larger lease");
            assertFalse(store.leases().heartbeat(a), "A's lease is gone");
            assertTrue(store.leases().complete(b, EvaluationResult.ofValidationAccuracy(0.25)));
            assertFalse(store.leases().complete(a, EvaluationResult.ofValidationAccuracy(0.75)), "A's late result is rejected");
            assertFalse(store.leases().fail(a, "late failure"), "and so is A's late failure");
            assertFalse(store.leases().complete(b, EvaluationResult.ofValidationAccuracy(0.5)), "a claim completes once");
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
            Claim old = store.leases().claimAny("w").orElseThrow();
            assertEquals(1, store.leases().releaseStale("w", Duration.ofHours(1)), "the restarted worker releases its claims");
            Claim now = store.leases().claimAny("w").orElseThrow(); // same worker id, same class, maybe the same millisecond
            assertEquals(old.classId(), now.classId());
            assertTrue(now.lease() > old.lease());
            assertFalse(store.leases().complete(old, EvaluationResult.ofValidationAccuracy(0.1)));
            assertTrue(store.leases().fail(now, "diverged"));
            assertFalse(store.leases().complete(now, EvaluationResult.ofValidationAccuracy(0.1)), "a failed claim is no longer held");
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
            Claim first = store.leases().claimAny("w").orElseThrow();
            assertEquals(1, store.softClean());
            Claim second = store.leases().claimAny("w").orElseThrow();
            assertTrue(store.leases().complete(second, EvaluationResult.ofValidationAccuracy(0.5)));
            assertEquals(1, store.clean());
            Claim third = store.leases().claimAny("w").orElseThrow();
            assertTrue(first.lease() < second.lease() && second.lease() < third.lease());
            assertFalse(store.leases().complete(first, EvaluationResult.ofValidationAccuracy(0.9)));
            assertFalse(store.leases().complete(second, EvaluationResult.ofValidationAccuracy(0.9)));
            assertEquals(ClassStatus.RUNNING, store.get(third.classId()).orElseThrow().status());
        }
    }

    @ParameterizedTest @MethodSource("org.aquasurf.store.Backends#all")
    void releaseExpiredKeepsFreshClaimsAndRejectsANonPositiveTimeout(String backend) throws Exception {
        String url = Backends.newStore(backend, dir, "a.db");
        try (FunctionStore store = FunctionStore.open(url)) {
            store.populate(List.of("relu(x)", "tanh(x)"));
            Claim old = store.leases().claimAny("A").orElseThrow();
            Thread.sleep(30);
            Claim fresh = store.leases().claimAny("B").orElseThrow();
            assertEquals(1, store.leases().releaseExpired(Duration.ofMillis(20)) + store.leases().releaseExpired(Duration.ofHours(1)));
            assertEquals(ClassStatus.NEW, store.get(old.classId()).orElseThrow().status());
            assertEquals(ClassStatus.RUNNING, store.get(fresh.classId()).orElseThrow().status());
            var e = assertThrows(IllegalArgumentException.class, () -> store.leases().releaseExpired(Duration.ZERO));
            assertTrue(e.getMessage().contains("staleAfter"));
        }
    }
}
