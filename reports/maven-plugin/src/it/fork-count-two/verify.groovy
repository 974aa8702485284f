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
check(reports.size() == 2, "one report per fork: " + reports)
def merged = json(new File(basedir, 'target/leak-audit/leak-audit-merged.json'))
check(merged.sessions.size() == 2, "both forks merged: " + merged.sessions*.file)
check(log.contains('2 JVMs merged'), "the summary counts both JVMs")
def page = new File(basedir, 'target/leak-audit/index.html').text
check(page.contains('it.AlphaTest') && page.contains('it.BetaTest'), "one page with both forks' tests")

return true
