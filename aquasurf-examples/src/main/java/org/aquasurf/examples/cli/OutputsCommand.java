package org.aquasurf.examples.cli;

import java.io.PrintWriter;

import org.aquasurf.eval.CompiledFunction;
import org.aquasurf.eval.Evaluator;
import org.aquasurf.eval.GaussianMoments;
import org.aquasurf.eval.StandardInputs;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code aquasurf outputs --fn NAME [--x v1,v2,...] [--normalize]}: prints
 * {@code {"fn":…,"normalized":…,"x":[…],"outputs":[…]}} with NaN and infinities as the strings
 * "nan", "inf", "-inf". Without {@code --x} the inputs are the 1000 standard inputs.
 */
@Command(name = "outputs", mixinStandardHelpOptions = true,
        description = "Print a function's outputs as JSON (nan/inf as strings).")
final class OutputsCommand implements Runnable {

    @Option(names = "--fn", required = true, paramLabel = "NAME", description = "Function name, e.g. max(relu(x),cosh(elu(x))).")
    String fn;

    @Option(names = "--x", split = ",", paramLabel = "V", converter = DoubleConverter.class,
            description = "Comma-separated inputs (nan, inf, -inf allowed); default: the 1000 standard inputs.")
    double[] x;

    @Option(names = "--normalize", description = "Normalize to zero mean and unit variance under N(0,1).")
    boolean normalize;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        CompiledFunction f = Evaluator.standard().compile(fn);
        if (normalize) f = GaussianMoments.normalize(f);
        double[] inputs = x != null ? x : StandardInputs.values();
        double[] outputs = f.apply(inputs);
        PrintWriter out = spec.commandLine().getOut();
        out.println("{\"fn\":" + Json.string(fn) + ",\"normalized\":" + normalize
                + ",\"x\":" + Json.array(inputs) + ",\"outputs\":" + Json.array(outputs) + "}");
        out.flush();
    }

    /** Parses a number, also nan, inf, +inf, -inf (any case). */
    static final class DoubleConverter implements CommandLine.ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            String v = value.trim().toLowerCase(java.util.Locale.ROOT);
            switch (v) {
                case "nan": return Double.NaN;
                case "inf": case "+inf": case "infinity": return Double.POSITIVE_INFINITY;
                case "-inf": case "-infinity": return Double.NEGATIVE_INFINITY;
                default:
                    try {
                        return Double.parseDouble(v);
                    } catch (NumberFormatException e) {
                        throw new CommandLine.TypeConversionException("'" + value + "' is not a number (or nan, inf, -inf)");
                    }
            }
        }
    }
}
