// Reads what a build left behind: its log and the leak-audit files.
import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def reportsIn = { String folder ->
    def dir = new File(basedir, folder)
    (dir.listFiles() ?: []).findAll { it.name ==~ /leak-report-.*\.json/ }
}
def json = { File f -> new JsonSlurper().parse(f) }
def check = { boolean ok, String what -> if (!ok) { throw new AssertionError(what) } }

def reports = reportsIn('target/leak-audit')
check(reports.size() == 1 && json(reports[0]).endedAt == null, "the start-up marker, never completed: " + reports)
check(new File(basedir, 'target/leak-audit/index.html').isFile(), "report still wrote the page")
def failure = log.readLines().find { it.contains('Failed to execute goal') && it.contains(':check') }
check(failure != null && failure =~ /crashed, not audited/, "check fails the JVM as not audited: " + failure)

return true
