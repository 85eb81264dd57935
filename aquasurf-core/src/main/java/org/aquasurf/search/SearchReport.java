package org.aquasurf.search;

import org.aquasurf.store.Summary;

import java.util.List;

/** What one {@link Search#run()} did: its steps in order, and the store's summary at the end. */
public record SearchReport(List<SearchStep> steps, Summary summary) {
    public SearchReport {
        steps = List.copyOf(steps);
    }
}
