package org.aquasurf.examples.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

import org.aquasurf.canonical.FingerprintSet;
import org.aquasurf.canonical.SpaceFingerprints;
import org.aquasurf.schema.Schema;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code aquasurf expand --schema S [--schema S2 ...] [--list]}: prints
 * {@code {"schemas":[…],"names":N,"classes":C}} where C counts the distinct equivalence classes
 * (fingerprints). With {@code --list}, first one line per name: {@code NAME<TAB>CLASS_KEY}.
 */
@Command(name = "expand", mixinStandardHelpOptions = true,
        description = "Count (and optionally list) the names and equivalence classes of schemas.")
final class ExpandCommand implements Runnable {

    @Option(names = "--schema", required = true, paramLabel = "S",
            description = "Schema such as binary(unary(x),unary(x)); repeat for several.")
    List<String> schemas;

    @Option(names = "--list", description = "Also print every name with its class key.")
    boolean list;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Lines between checks that the output is still read (a check flushes). */
    static final int CHECK_EVERY = 256;

    /** The output's reader closed it: stop listing. */
    private static final class ReaderGone extends RuntimeException {
        private static final long serialVersionUID = 1L;
        ReaderGone() { super(null, null, false, false); }
    }

    @Override
    public void run() {
        List<Schema> parsed = new ArrayList<>();
        for (String s : schemas) parsed.add(Schema.parse(s));
        PrintWriter out = spec.commandLine().getOut();
        SpaceFingerprints space = new SpaceFingerprints();
        long names;
        long classes;
        if (list) {
            FingerprintSet seen = new FingerprintSet();
            long n = 0;
            long[] lines = {0};
            try {
                for (Schema s : parsed) {
                    space.forEach(s, (i, key) -> {
                        seen.add(key);
                        out.println(s.get(i) + "\t" + key.hex());
                        // a PrintWriter swallows EPIPE: stop once the reader is gone (e.g. `| head`)
                        if (++lines[0] % CHECK_EVERY == 0 && out.checkError()) throw new ReaderGone();
                    });
                    n += s.count();
                }
            } catch (ReaderGone gone) {
                return;
            }
            names = n;
            classes = seen.size();
        } else {
            SpaceFingerprints.Summary summary = space.summarize(parsed);
            names = summary.names();
            classes = summary.classes();
        }
        StringBuilder json = new StringBuilder("{\"schemas\":[");
        for (int i = 0; i < parsed.size(); i++) json.append(i > 0 ? "," : "").append(Json.string(parsed.get(i).text()));
        out.println(json.append("],\"names\":").append(names).append(",\"classes\":").append(classes).append('}'));
        out.flush();
    }
}
