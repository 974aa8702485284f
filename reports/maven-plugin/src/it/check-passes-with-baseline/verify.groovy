// Reads what a build left behind: its log and the leak-audit files.
import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def reportsIn = { String folder ->
    def dir = new File(basedir, folder)
    (dir.listFiles() ?: []).findAll { it.name ==~ /leak-report-.*\.json/ }
}
def json = { File f -> new JsonSlurper().parse(f) }
def check = { boolean ok, String what -> if (!ok) { throw new AssertionError(what) } }

def baseline = json(new File(basedir, 'leak-audit-baseline.json'))
check(baseline.schema == 'leak-audit-baseline/1' && baseline.findings.size() == 1, "one accepted finding: " + baseline.findings)
check(baseline.findings[0].kind == 'server-socket' && baseline.findings[0].test.startsWith('it.LeakyTest#leaks'), "the leak accepted")
check(log.contains('accepted 1 distinct finding into'), "baseline said what it wrote")
check(log.contains('0 new, 1 unchanged, 0 fixed'), "the second build compared with it")
check(log.contains('leak-audit: PASS'), "check passed against the baseline")
check(log.contains('BUILD SUCCESS'), "the build passed")

return true
