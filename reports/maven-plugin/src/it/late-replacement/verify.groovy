// Reads what a build left behind: its log and the leak-audit files.
import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def reportsIn = { String folder ->
    def dir = new File(basedir, folder)
    (dir.listFiles() ?: []).findAll { it.name ==~ /leak-report-.*\.json/ }
}
def json = { File f -> new JsonSlurper().parse(f) }
def check = { boolean ok, String what -> if (!ok) { throw new AssertionError(what) } }

check(!log.contains('[WARNING] leak-audit'), "@{argLine} keeps the agent: no warning")
check(reportsIn('target/leak-audit').size() == 1, "the test JVM wrote its report")
check(log.contains('leak-audit: PASS'), "check passed")

return true
