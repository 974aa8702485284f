// Reads what a build left behind: its log and the leak-audit files.
import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def reportsIn = { String folder ->
    def dir = new File(basedir, folder)
    (dir.listFiles() ?: []).findAll { it.name ==~ /leak-report-.*\.json/ }
}
def json = { File f -> new JsonSlurper().parse(f) }
def check = { boolean ok, String what -> if (!ok) { throw new AssertionError(what) } }

def set = log.readLines().find { it.contains('argLine set to -javaagent:') && it.contains('leak-audit-agent') }
check(set != null && set.contains('org.jacoco.agent'), "leak-audit in front, JaCoCo's agent kept: " + set)
check(new File(basedir, 'target/jacoco.exec').isFile(), "JaCoCo wrote its execution data")
check(new File(basedir, 'target/site/jacoco/index.html').isFile(), "and its report")
check(reportsIn('target/leak-audit').size() == 1, "leak-audit wrote its report")
check(new File(basedir, 'target/leak-audit/index.html').isFile(), "and its page")
check(log.contains('leak-audit: PASS'), "check passed")

return true
