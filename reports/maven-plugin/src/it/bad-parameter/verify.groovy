// Reads what a build left behind: its log and the leak-audit files.
import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def reportsIn = { String folder ->
    def dir = new File(basedir, folder)
    (dir.listFiles() ?: []).findAll { it.name ==~ /leak-report-.*\.json/ }
}
def json = { File f -> new JsonSlurper().parse(f) }
def check = { boolean ok, String what -> if (!ok) { throw new AssertionError(what) } }

def failures = log.readLines().findAll { it.contains('Failed to execute goal') }
def expect = { String goal, String message ->
    check(failures.any { it.contains(goal) && it.contains(message) }, goal + ": " + message + " in " + failures)
}
expect(':prepare-agent', "leak-audit: parameter linger: 'soon' is not a duration (use e.g. 2s, 500ms or 1m)")
expect(':prepare-agent', "leak-audit: parameter excludes: 'sockets@com.acme.' names no kind of finding ('sockets'; kinds: socket,")
expect(':check', "leak-audit: parameter failOn: 'sometimes' is not one of leak, warning, never")
expect(':check', "leak-audit: parameter baseline: ")
expect(':check', "is not a leak-audit-baseline/1 baseline")
check(failures.size() == 4, "four builds, four failures: " + failures)
check(!log.contains('T E S T S'), "no test ran with a bad parameter")
check(!(log =~ /\n\s+at dev\.leakaudit\./), "no stack trace")

return true
