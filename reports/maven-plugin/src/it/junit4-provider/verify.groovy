// Reads what a build left behind: its log and the leak-audit files.
import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def reportsIn = { String folder ->
    def dir = new File(basedir, folder)
    (dir.listFiles() ?: []).findAll { it.name ==~ /leak-report-.*\.json/ }
}
def json = { File f -> new JsonSlurper().parse(f) }
def check = { boolean ok, String what -> if (!ok) { throw new AssertionError(what) } }

check(log.contains('JUnit4Provider'), "Surefire's JUnit 4 provider ran the tests")
def reports = reportsIn('target/leak-audit')
check(reports.size() == 1, "one report")
def findings = json(reports[0]).findings
check(findings.size() == 1 && findings[0].kind == 'server-socket' && findings[0].test.startsWith('it.LegacyTest#leaks'), "the leak, on its own test: " + findings*.test)
check(log.contains('1 leak, 0 warnings in 1 of 2 tests'), "the summary")

return true
