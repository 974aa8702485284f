// Reads what a build left behind: its log and the leak-audit files.
import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def reportsIn = { String folder ->
    def dir = new File(basedir, folder)
    (dir.listFiles() ?: []).findAll { it.name ==~ /leak-report-.*\.json/ }
}
def json = { File f -> new JsonSlurper().parse(f) }
def check = { boolean ok, String what -> if (!ok) { throw new AssertionError(what) } }

check(log.contains('haltOnFailure is false: the build goes on'), "the first check only logs")
def failure = log.readLines().findAll { it.contains('Failed to execute goal') }
check(failure.size() == 1 && failure[0].contains(':check (gate)'), "the second check fails the build: " + failure)
check(failure[0].contains('leak-audit: FAIL: 1 finding (no baseline yet'), "the reason: " + failure[0])
check((log =~ /NEW leak server-socket at it\.LeakyTest\.leaks\(LeakyTest\.java:\d+\) in it\.LeakyTest#leaks/).find(), "the finding's kind, site and test")
check(!log.contains('EchoTest#echoesAndCloses'), "the clean test is not listed")

return true
