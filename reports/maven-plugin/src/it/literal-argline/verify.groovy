// Reads what a build left behind: its log and the leak-audit files.
import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def reportsIn = { String folder ->
    def dir = new File(basedir, folder)
    (dir.listFiles() ?: []).findAll { it.name ==~ /leak-report-.*\.json/ }
}
def json = { File f -> new JsonSlurper().parse(f) }
def check = { boolean ok, String what -> if (!ok) { throw new AssertionError(what) } }

def advice = "maven-surefire-plugin's <argLine>-Xmx256m</argLine> does not keep @{argLine}, so its JVMs start without the agent: write <argLine>@{argLine} -Xmx256m</argLine>"
def warning = log.readLines().find { it.startsWith('[WARNING] leak-audit: ') }
check(warning == '[WARNING] leak-audit: ' + advice, "prepare-agent warns at once with the line to write: " + warning)
check(log.indexOf(warning) < log.indexOf('T E S T S'), "before the tests run")
check(log.readLines().count { it.startsWith('[WARNING] leak-audit: ') } == 1, "said once, for the plugin and its default-test execution")
def failure = log.readLines().find { it.contains('Failed to execute goal') }
check(failure != null && failure.contains(':check (default)'), "check fails, never skips: " + failure)
check(failure.contains('tests ran (1 result file in') && failure.contains('no leak-audit report was written'), "says what is missing: " + failure)
check(failure.contains('likely cause: ' + advice), "and its cause: " + failure)

return true
