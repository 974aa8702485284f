// Reads what a build left behind: its log and the leak-audit files.
import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def reportsIn = { String folder ->
    def dir = new File(basedir, folder)
    (dir.listFiles() ?: []).findAll { it.name ==~ /leak-report-.*\.json/ }
}
def json = { File f -> new JsonSlurper().parse(f) }
def check = { boolean ok, String what -> if (!ok) { throw new AssertionError(what) } }

check(reportsIn('target/leak-audit-it').size() == 1, "the integration-test JVM reported in its own folder")
check(reportsIn('target/leak-audit').isEmpty(), "nothing in the unit tests' folder")
check(log.contains('leak-audit-it'), "argLine names the integration folder")
check(new File(basedir, 'target/leak-audit/index.html').isFile(), "report read the integration folder")
check(log.contains('Tests run: 1, Failures: 0'), "failsafe ran the test")
check(log.contains('leak-audit: PASS'), "check passed")

return true
