// An interactive aquasurf session. Open it with bin/aquasurf-jshell (from the repository root):
// it builds the project, starts jshell with the class path and runs this file, then leaves you at
// the prompt with everything below defined. Every statement is plain Java.
import java.nio.file.*;
import java.util.*;
import org.aquasurf.grammar.*;
import org.aquasurf.eval.*;
import org.aquasurf.canonical.*;
import org.aquasurf.schema.*;
import org.aquasurf.examples.cli.JvmSetup;
import org.aquasurf.examples.data.Mnist;
import org.aquasurf.examples.plot.Plots;
import org.aquasurf.examples.search.MnistSearchDatabase;

JvmSetup.apply();
Path work = Files.createDirectories(Path.of("runs", "jshell"));

// 1. Parse a function name and evaluate it.
Expr f = Parser.standard().parse("max(relu(x), cosh(elu(x)))");
CompiledFunction fx = Evaluator.standard().compile(f);
System.out.println(f + " at -2,-1,0,1,2: " + Arrays.toString(fx.apply(new double[] {-2, -1, 0, 1, 2})));

// 2. Its outputs on the 1000 standard inputs, its equivalence class, and an equivalent name.
double[] outputs = Evaluator.standard().outputs(f);
System.out.println("equivalence class " + Canonicalizer.standard().classKey(f.toString())
        + "; same class as max(cosh(elu(x)),relu(x))? "
        + Canonicalizer.standard().equivalent(f.toString(), "max(cosh(elu(x)),relu(x))"));

// 3. Plot it on [-5, 5].
double[] grid = new double[201];
for (int i = 0; i < grid.length; i++) grid[i] = -5 + 0.05 * i;
Path png = Plots.DEFAULT.functions(work.resolve("function.png"), f.toString(), "x", "f(x)", grid, Map.of(f.toString(), fx.apply(grid)));
System.out.println("plot: " + png.toAbsolutePath());

// 4. How big is a search space?
System.out.println("binary(unary(x),unary(x)) has " + Schema.parse("binary(unary(x),unary(x))").count() + " names");

// 5. Open a search database (a small MLP on the bundled MNIST digits), add the unary functions,
//    compute Fisher features for a few classes and ask for a suggestion.
var db = new MnistSearchDatabase(work.resolve("jshell.db"), Mnist.loadSplit().train(), 3, 32, 64);
db.populate("unary(x)");
db.computeFisherFeatures(6, 0, System.out::println);
System.out.println("suggestion: " + db.suggest().orElse("none"));
System.out.println(db.summary());
