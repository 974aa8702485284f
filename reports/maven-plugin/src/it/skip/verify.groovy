// Reads what a build left behind: its log and the leak-audit files.
import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def reportsIn = { String folder ->
    def dir = new File(basedir, folder)
    (dir.listFiles() ?: []).findAll { it.name ==~ /leak-report-.*\.json/ }
}
def json = { File f -> new JsonSlurper().parse(f) }
def check = { boolean ok, String what -> if (!ok) { throw new AssertionError(what) } }

check(log.contains('leak-audit: skipped; argLine set to empty'), "skip sets the unset property to empty")
check(log.count('leak-audit: skipped') == 3, "prepare-agent, report and check all skip")
check(reportsIn('target/leak-audit').isEmpty(), "no report when skipped")
check(log.contains('Tests run: 1, Failures: 0'), "the test ran, with @{argLine} resolved")

return true
