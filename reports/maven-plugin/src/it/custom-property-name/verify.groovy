// Reads what a build left behind: its log and the leak-audit files.
import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def reportsIn = { String folder ->
    def dir = new File(basedir, folder)
    (dir.listFiles() ?: []).findAll { it.name ==~ /leak-report-.*\.json/ }
}
def json = { File f -> new JsonSlurper().parse(f) }
def check = { boolean ok, String what -> if (!ok) { throw new AssertionError(what) } }

def set = log.readLines().find { it.contains('leakAuditArgLine set to ') }
check(set != null && set.contains('leakAuditArgLine set to "-javaagent:'), "the argument is quoted (a folder with a space): " + set)
check(!log.contains('] argLine set to'), "argLine itself untouched")
check(reportsIn('target/leak audit').size() == 1, "the report in the folder with a space")
check(new File(basedir, 'target/leak audit/index.html').isFile(), "the page beside it")
check(!log.contains('[WARNING] leak-audit'), "@{leakAuditArgLine} is kept: no warning")

return true
