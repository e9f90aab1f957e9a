// EpubcheckServer runs epubcheck on each EPUB path it reads from standard input, one per line,
// in one JVM, and writes epubcheck's output for it followed by a line "@@epubcheck-exit N"
// (N is epubcheck's exit status). formatcheck.EPUB starts it once per test binary with
// java's source-file mode (no build step; Debian's Java runtime can compile it).
//
// Why: a run of epubcheck's command line costs about 4 s of CPU, nearly all of it building
// its schemas, which epubcheck keeps for the life of the JVM. In one JVM the second and later
// books cost a tenth of that, and the suite checks some twenty books on a two-core machine.
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import com.adobe.epubcheck.tool.EpubChecker;

public class EpubcheckServer {
    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintStream out = System.out;
        String path;
        while ((path = in.readLine()) != null) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            PrintStream report = new PrintStream(buf, true, StandardCharsets.UTF_8);
            System.setOut(report);
            System.setErr(report);
            int status;
            try {
                status = new EpubChecker().run(new String[] {path});
            } catch (Throwable e) {
                e.printStackTrace(report);
                status = 99;
            }
            report.flush();
            out.write(buf.toByteArray());
            out.println();
            out.println("@@epubcheck-exit " + status);
            out.flush();
        }
    }
}
