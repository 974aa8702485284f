// Reads what a build left behind: its log and the leak-audit files.
import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def reportsIn = { String folder ->
    def dir = new File(basedir, folder)
    (dir.listFiles() ?: []).findAll { it.name ==~ /leak-report-.*\.json/ }
}
def json = { File f -> new JsonSlurper().parse(f) }
def check = { boolean ok, String what -> if (!ok) { throw new AssertionError(what) } }

def set = log.readLines().findAll { it.contains('argLine set to ') }
check(set.size() == 2, "prepare-agent ran twice: " + set)
def last = set[-1]
check(last.count('-javaagent:') == 1, "one agent after two runs: " + last)
check(last.endsWith('-Dit.kept=yes -Xmx256m'), "the project's argLine kept behind the agent: " + last)
check(reportsIn('target/leak-audit').size() == 1, "one test JVM, one report")
check(new File(basedir, 'target/leak-audit/index.html').isFile(), "the page")
check(new File(basedir, 'target/leak-audit/leak-audit-merged.json').isFile(), "the merged JSON")
check(new File(basedir, 'target/leak-audit/leak-audit.sarif').isFile(), "the SARIF file")
check(log.contains('leak-audit: 0 leaks, 0 warnings in 0 of 2 tests'), "the summary")
check(!log.contains('[WARNING] leak-audit'), "no warning for an argLine property")

return true
