// Reads what a build left behind: its log and the leak-audit files.
import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def reportsIn = { String folder ->
    def dir = new File(basedir, folder)
    (dir.listFiles() ?: []).findAll { it.name ==~ /leak-report-.*\.json/ }
}
def json = { File f -> new JsonSlurper().parse(f) }
def check = { boolean ok, String what -> if (!ok) { throw new AssertionError(what) } }

check(log.count('the aggregate is written after the last module, server') == 2, "the root and client wait for the last module")
def folder = 'target/leak-audit-aggregate'
def merged = json(new File(basedir, folder + '/leak-audit-merged.json'))
check(merged.sessions.size() == 2, "both modules' JVMs: " + merged.sessions*.file)
def page = new File(basedir, folder + '/index.html').text
check(page.contains('it.ClientTest') && page.contains('it.LeakyTest'), "one page for both modules")
def sarif = json(new File(basedir, folder + '/leak-audit.sarif'))
def location = sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri
check(location == 'server/src/test/java/it/LeakyTest.java', "SARIF points into the module: " + location)
check(log.contains('1 leak, 0 warnings in 1 of 2 tests'), "the summary over both modules")

return true
