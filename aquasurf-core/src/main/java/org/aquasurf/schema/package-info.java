/**
 * Search spaces: {@link org.aquasurf.schema.Schema} expands templates with the placeholders
 * {@code unary}, {@code binary} and {@code n-ary} lazily, in the AQuaSurF reference's order.
 */
package org.aquasurf.schema;
