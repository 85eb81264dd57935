package org.aquasurf.nn;

import static org.aquasurf.nn.Reference.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.aquasurf.eval.Evaluator;
import org.aquasurf.grammar.Expr;
import org.aquasurf.grammar.Operator;
import org.aquasurf.grammar.OperatorRegistry;
import org.aquasurf.grammar.ParseException;
import org.aquasurf.grammar.Parser;
import org.junit.jupiter.api.Test;

class ActivationBlockTest extends ManagedNdTest {

    private static final List<String> NESTED = List.of(
            "max(relu(x),cosh(elu(x)))",
            "sum_n(abs(x),swish(x),sigmoid(x))",
            "mul(erfc(x),arcsinh(x))",
            "div(bessel_i1e(x),add(one(x),square(x)))",
            "pow(sigmoid(x),sub(expm1(x),log_sigmoid(x)))",
            "min_n(mish(x),gelu(x),selu(x),softplus(x))",
            "prod_n(tanh(x),arctan(x),softsign(x))",
            "add(bessel_i0e(x),mul(elish(x),hard_sigmoid(x)))");

    @Test
    void nestedFunctionsEqualCoreInValueAndGradient() {
        float[] x = NdOperatorsTest.awayFromKinks(Reference.grid(-5, 5, 300));
        for (String name : NESTED) {
            ActivationBlock block = ActivationBlock.of(name);
            assertClose(name, x, Reference.forward(block, manager, x), Reference.core(name, x), 1e-5, 3e-7);
            assertClose("d/dx " + name, x, Reference.gradient(block, manager, x), Reference.coreDerivative(name, x), 2e-4, 1e-5);
        }
    }

    @Test
    void identicalSubExpressionsAreEvaluatedOncePerForwardPass() {
        AtomicInteger calls = new AtomicInteger();
        NdOperators counting = NdOperators.standard().toBuilder()
                .add(NdOperator.unary("tanh", x -> {
                    calls.incrementAndGet();
                    return x.tanh();
                }))
                .build();
        String name = "add(tanh(x),mul(tanh(x),max(tanh(x),sigmoid(tanh(x)))))";
        ActivationBlock block = ActivationBlock.of(name, Parser.standard(), counting);
        float[] x = Reference.grid(-3, 3, 50);
        float[] got = Reference.forward(block, manager, x);
        assertEquals(1, calls.get());
        assertClose(name, x, got, Reference.core(name, x), 1e-6, 1e-7);
    }

    @Test
    void userOperatorsWorkWhenRegisteredInGrammarAndNdOperators() {
        OperatorRegistry grammar = OperatorRegistry.standard().toBuilder()
                .add(Operator.unary("cube", v -> v * v * v))
                .add(Operator.binary("hypot", true, Math::hypot))
                .build();
        NdOperators nd = NdOperators.standard().toBuilder()
                .add(NdOperator.unary("cube", v -> v.mul(v).mul(v)))
                .add(NdOperator.binary("hypot", (a, b) -> a.square().add(b.square()).sqrt()))
                .build();
        Parser parser = new Parser(grammar);
        String name = "hypot(cube(x),tanh(x))";
        ActivationBlock block = ActivationBlock.of(name, parser, nd);
        float[] x = Reference.grid(-2, 2, 40);
        Evaluator evaluator = new Evaluator(parser);
        Expr e = parser.parse(name);
        assertClose(name, x, Reference.forward(block, manager, x), Reference.core(evaluator, e, x), 1e-6, 0);
        assertClose("d/dx " + name, x, Reference.gradient(block, manager, x), Reference.coreDerivative(evaluator, e, x), 1e-4, 1e-6);
    }

    @Test
    void badNamesAndMissingImplementationsFailWhenTheBlockIsBuilt() {
        ParseException unknown = assertThrows(ParseException.class, () -> ActivationBlock.of("max(rleu(x),x)"));
        assertTrue(unknown.getMessage().contains("unknown operator 'rleu'"), unknown.getMessage());
        assertThrows(ParseException.class, () -> ActivationBlock.of("relu(x,x)"));
        assertThrows(ParseException.class, () -> ActivationBlock.of("binary(x,x)"));

        Parser parser = new Parser(OperatorRegistry.standard().toBuilder().add(Operator.unary("cube", v -> v * v * v)).build());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> ActivationBlock.of("max(cube(x),x)", parser, NdOperators.standard()));
        assertTrue(missing.getMessage().contains("operator 'cube' in 'max(cube(x),x)' has no NDArray implementation"),
                missing.getMessage());

        NdOperators wrongArity = NdOperators.standard().toBuilder()
                .add(NdOperator.binary("cube", NDArray::mul)).build();
        IllegalArgumentException arity = assertThrows(IllegalArgumentException.class,
                () -> ActivationBlock.of("cube(x)", parser, wrongArity));
        assertTrue(arity.getMessage().contains("'cube' in 'cube(x)' is unary in the grammar but binary"), arity.getMessage());

        IllegalArgumentException schema = assertThrows(IllegalArgumentException.class,
                () -> ActivationBlock.of(Parser.standard().parseSchema("unary(x)")));
        assertTrue(schema.getMessage().contains("placeholder 'unary'"), schema.getMessage());
        IllegalArgumentException args = assertThrows(IllegalArgumentException.class,
                () -> ActivationBlock.of(Expr.apply("relu", Expr.X, Expr.X)));
        assertTrue(args.getMessage().contains("'relu' in 'relu(x,x)' takes 1 argument but was given 2"), args.getMessage());
    }

    @Test
    void normalizationSubtractsTheMeanAndDividesByTheStd() {
        ActivationBlock plain = ActivationBlock.of("gelu(x)");
        ActivationBlock scaled = plain.normalized(0.25, 0.5);
        assertFalse(plain.isNormalized());
        assertTrue(scaled.isNormalized());
        assertEquals(0.25, scaled.normalizationMean());
        assertEquals(0.5, scaled.normalizationStd());
        float[] x = Reference.grid(-4, 4, 80);
        double[] ref = Reference.core("gelu(x)", x);
        for (int i = 0; i < ref.length; i++) ref[i] = (ref[i] - 0.25) / 0.5;
        assertClose("normalized gelu", x, Reference.forward(scaled, manager, x), ref, 1e-5, 1e-6);
        double[] dRef = Reference.coreDerivative("gelu(x)", x);
        for (int i = 0; i < dRef.length; i++) dRef[i] /= 0.5;
        assertClose("d/dx normalized gelu", x, Reference.gradient(scaled, manager, x), dRef, 1e-4, 1e-5);
        assertThrows(IllegalArgumentException.class, () -> plain.normalized(0, 0));
        assertThrows(IllegalArgumentException.class, () -> plain.normalized(0, -1));
        assertThrows(IllegalArgumentException.class, () -> plain.normalized(Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> plain.normalized(0, Double.POSITIVE_INFINITY));
    }

    @Test
    void gaussianNormalizationUsesTheClosedFormMomentsOfRelu() {
        ActivationBlock relu = ActivationBlock.of("relu(x)").gaussianNormalized();
        // x ~ N(0,1): E[relu] = 1/sqrt(2 pi), E[relu^2] = 1/2
        double mean = 1 / Math.sqrt(2 * Math.PI);
        assertEquals(mean, relu.normalizationMean(), 1e-12);
        assertEquals(Math.sqrt(0.5 - mean * mean), relu.normalizationStd(), 1e-12);
        IllegalArgumentException constant = assertThrows(IllegalArgumentException.class,
                () -> ActivationBlock.of("one(x)").gaussianNormalized());
        assertTrue(constant.getMessage().contains("std"), constant.getMessage());
    }

    @Test
    void worksAsAnElementWiseBlockOnAnyShape() {
        ActivationBlock block = ActivationBlock.of("max(relu(x),cosh(elu(x)))");
        Shape shape = new Shape(2, 3, 4, 5);
        assertArrayEquals(new Shape[] {shape}, block.getOutputShapes(new Shape[] {shape}));
        NDArray x = manager.randomNormal(shape);
        NDArray y = block.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow();
        assertEquals(shape, y.getShape());
        float[] flat = x.toFloatArray();
        assertClose("4-d input", flat, y.toFloatArray(), Reference.core("max(relu(x),cosh(elu(x)))", flat), 1e-6, 0);
        assertEquals(0, block.getParameters().size());
        assertEquals("ActivationBlock(gelu(x), normalized: (f-0.5)/2.0)", ActivationBlock.of("gelu(x)").normalized(0.5, 2).toString());
        assertThrows(IllegalArgumentException.class,
                () -> block.forward(new ParameterStore(manager, false), new NDList(x, x), false));
    }

    @Test
    void float64InputsGiveFloat64OutputsOfAtLeastFloat32Accuracy() {
        float[] x = NdOperatorsTest.awayFromKinks(Reference.grid(-5, 5, 200));
        double[] xd = Reference.toDouble(x);
        for (String name : NESTED) {
            NDArray y = ActivationBlock.of(name).apply(manager.create(xd));
            assertEquals(ai.djl.ndarray.types.DataType.FLOAT64, y.getDataType());
            double[] got = y.toDoubleArray();
            float[] asFloat = new float[got.length];
            for (int i = 0; i < got.length; i++) asFloat[i] = (float) got[i];
            assertClose("float64 " + name, x, asFloat, Reference.core(name, x), 1e-5, 3e-7);
        }
    }

    @Test
    void trainingANetworkWithTheBlockLowersTheLoss() {
        Block net = new SequentialBlock()
                .add(Linear.builder().setUnits(16).build())
                .add(ActivationBlock.of("add(erfc(x),mul(arcsinh(x),bessel_i0e(x)))"))
                .add(Linear.builder().setUnits(1).build());
        try (Model model = Model.newInstance("activation-block")) {
            model.setBlock(net);
            double[] losses = TinyRegression.train(model, 60, 0.03f);
            assertTrue(losses[losses.length - 1] < 0.25 * losses[0],
                    "loss should fall to a quarter: first " + losses[0] + ", last " + losses[losses.length - 1]);
        }
    }
}
