/**
 * Persistent state of an activation-function search in one SQLite file shared by threads and
 * processes, or in one PostgreSQL database shared by workers on many machines (a JDBC URL selects
 * the backend): function names grouped into equivalence classes ({@link org.aquasurf.store.FunctionStore}),
 * Fisher feature vectors stored once per class, atomic claims for workers held as heartbeated
 * leases (a late result of an expired lease is rejected), evaluation results applied to whole
 * classes, and import/export of the public Act-Bench JSON format ({@link org.aquasurf.store.ActBench}).
 */
package org.aquasurf.store;
