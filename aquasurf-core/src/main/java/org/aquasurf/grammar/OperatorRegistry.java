package org.aquasurf.grammar;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable set of operators by name. {@link #standard()} holds the 42 operators of AQuaSurF
 * with TensorFlow 2.8 semantics; users extend it with {@link #toBuilder()}:
 * <pre>{@code
 * OperatorRegistry ops = OperatorRegistry.standard().toBuilder()
 *         .add(Operator.unary("cube", x -> x * x * x))
 *         .build();
 * }</pre>
 * Iteration order is registration order, which fixes the order of schema expansion.
 */
public final class OperatorRegistry {

    private static final OperatorRegistry STANDARD = StandardOperators.registry();

    private final Map<String, Operator> byName;

    private OperatorRegistry(Map<String, Operator> byName) {
        this.byName = Collections.unmodifiableMap(new LinkedHashMap<>(byName));
    }

    /** The 4 n-ary, 7 binary and 31 unary operators of AQuaSurF. */
    public static OperatorRegistry standard() {
        return STANDARD;
    }

    /** An empty builder. */
    public static Builder builder() {
        return new Builder(new LinkedHashMap<>());
    }

    /** A builder starting from this registry's operators. */
    public Builder toBuilder() {
        return new Builder(new LinkedHashMap<>(byName));
    }

    /** The operator called {@code name}, if any. */
    public Optional<Operator> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The operator called {@code name}; throws IllegalArgumentException naming it if unknown. */
    public Operator get(String name) {
        Operator op = byName.get(name);
        if (op == null) throw new IllegalArgumentException("unknown operator '" + name + "'");
        return op;
    }

    /** All operators of the given arity, in registration order. */
    public List<Operator> ofArity(Arity arity) {
        List<Operator> list = new ArrayList<>();
        for (Operator op : byName.values()) if (op.arity() == arity) list.add(op);
        return List.copyOf(list);
    }

    /** All operator names, in registration order. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /** Builds registries; adding a name twice replaces the earlier operator. */
    public static final class Builder {
        private final Map<String, Operator> ops;

        private Builder(Map<String, Operator> ops) { this.ops = ops; }

        public Builder add(Operator op) {
            ops.put(op.name(), op);
            return this;
        }

        public OperatorRegistry build() {
            return new OperatorRegistry(ops);
        }
    }
}
