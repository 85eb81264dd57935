/**
 * Persistent state of an activation-function search in one SQLite file shared by threads and
 * processes, or in one PostgreSQL database shared by workers on many machines (a JDBC URL selects
 * the backend). {@link org.aquasurf.store.FunctionStore} is what users call: function names grouped
 * into equivalence classes, evaluation results applied to whole classes, summaries. Workers use
 * its two views: {@link org.aquasurf.store.Leases} (atomic claims held as heartbeated leases; a
 * late result of an expired lease is rejected) and {@link org.aquasurf.store.Features} (Fisher
 * feature vectors stored once per class, feature claims, provenance).
 * {@link org.aquasurf.store.ActBench} imports and exports the public Act-Bench JSON format.
 *
 * <p>Behind them, package-private: {@code Connection} (opening, the schema, locks and
 * transactions), {@code Dialect} (SQLite and PostgreSQL differences), {@code ClassRows} (row
 * mapping and binary forms), {@code Population} (the SQL that adds names and classes, for
 * populate and imports) and {@code WorkTables} (feature claims and completion times).
 */
package org.aquasurf.store;
