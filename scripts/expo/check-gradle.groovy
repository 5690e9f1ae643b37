// Evaluates android/build.gradle against a stand-in of the Gradle/AGP DSL (no Android SDK
// or Gradle here) in the layouts it handles, and checks what it decides:
//   published (jniLibs present): plugin style, minSdk 26, consumer ProGuard rules, JNA;
//   app minSdk 24: stops with a message naming the config plugin;
//   neither jniLibs nor Rust source: stops with a message;
//   git checkout, no toolchain: a cargo-ndk task before preBuild that names what is missing;
//   git checkout with jniLibs, no toolchain: the task is skipped with a warning.
// Run with a PATH without cargo and a user.home without .cargo (scripts/expo/check.sh).
//   groovy scripts/expo/check-gradle.groovy REPO_ROOT
import org.codehaus.groovy.control.CompilerConfiguration
import org.codehaus.groovy.control.customizers.ImportCustomizer

class FakeGradleException extends RuntimeException { FakeGradleException(String m) { super(m) } }
class FakeExec {}

/** Accepts any DSL call; records method calls with their arguments. */
class Swallow {
  List calls = []
  def methodMissing(String name, args) {
    calls << [name] + (args as List)
    def body = (args as List).find { it instanceof Closure }
    if (body) { def s = new Swallow(); body.delegate = s; body.resolveStrategy = Closure.DELEGATE_FIRST; body(); calls.addAll(s.calls) }
    return this
  }
  def propertyMissing(String name) { this }
  def propertyMissing(String name, value) { calls << [name, value] }
  def plus(other) { calls << ['plus', other]; this }
}

class FakeAndroid extends Swallow { def ndkDirectory = null }

class FakeTask {
  String name; List<Closure> onlyIfs = []; List<Closure> doFirsts = []; Map env = [:]; List command = []
  def group; def description; def workingDir
  def onlyIf(Closure c) { onlyIfs << c }
  def doFirst(Closure c) { doFirsts << c }
  def environment(String k, v) { env[k] = v }
  def commandLine(Object... a) { command = a as List }
  def workingDir(d) { workingDir = d }
}

class FakeTasks {
  Map<String, FakeTask> registered = [:]; Map<String, List> dependsOn = [:]
  def register(String name, Class type, Closure c) {
    def t = new FakeTask(name: name); c.delegate = t; c.resolveStrategy = Closure.DELEGATE_FIRST; c(); registered[name] = t; t
  }
  def named(String name, Closure c) {
    def deps = []
    def d = new Object() { def dependsOn(x) { deps << x } }
    c.delegate = d; c.resolveStrategy = Closure.DELEGATE_FIRST; c(); dependsOn[name] = deps
  }
}

class FakeLogger { List warnings = []; def warn(String m) { warnings << m } }

class FakeProject {
  File projectDir; def group; def version
  Map ext = [:]
  def rootProject
  FakeAndroid androidExt = new FakeAndroid(); Swallow deps = new Swallow(); Swallow pluginsBlock = new Swallow()
  FakeTasks tasks = new FakeTasks(); FakeLogger logger = new FakeLogger()
  FakeProject(File dir, Integer minSdk) {
    projectDir = dir
    def extMap = minSdk == null ? [:] : [minSdkVersion: minSdk]
    rootProject = [ext: new Expando(extMap) { boolean has(String k) { extMap.containsKey(k) } }]
  }
  def plugins(Closure c) { c.delegate = pluginsBlock; c.resolveStrategy = Closure.DELEGATE_FIRST; c() }
  def android(Closure c) { c.delegate = androidExt; c.resolveStrategy = Closure.DELEGATE_FIRST; c() }
  def getAndroid() { androidExt }
  def dependencies(Closure c) { c.delegate = deps; c.resolveStrategy = Closure.DELEGATE_FIRST; c() }
  File file(String p) { new File(p).isAbsolute() ? new File(p) : new File(projectDir, p) }
}

def repo = new File(args[0]).canonicalFile
def failures = 0
def check = { String what, boolean ok -> println "${ok ? 'ok  ' : 'FAIL'} build.gradle ${what}"; if (!ok) failures++ }

def evaluate = { Map layout, Integer minSdk ->
  def root = File.createTempDir()
  new File(root, 'android').mkdirs()
  new File(root, 'android/build.gradle').text = new File(repo, 'android/build.gradle').text
  layout.each { rel, text -> def f = new File(root, rel); f.parentFile.mkdirs(); f.text = text }
  def project = new FakeProject(new File(root, 'android'), minSdk)
  def imports = new ImportCustomizer()
  imports.addImport('GradleException', 'FakeGradleException')
  imports.addImport('Exec', 'FakeExec')
  def config = new CompilerConfiguration()
  config.scriptBaseClass = DelegatingScript.name
  config.addCompilationCustomizers(imports)
  def script = new GroovyShell(this.class.classLoader, new Binding(), config).parse(new File(root, 'android/build.gradle'))
  script.setDelegate(project)
  try { script.run(); return [project, null] } catch (FakeGradleException e) { return [project, e] }
}
def jniLibs = ['arm64-v8a', 'armeabi-v7a', 'x86_64'].collectEntries { ["android/src/main/jniLibs/${it}/libspeech_emotion.so".toString(), 'ELF'] }
def checkout = ['Cargo.toml': '[package]', 'scripts/build-android.sh': '#!/bin/sh']

def (published, error) = evaluate(jniLibs, 24 + 2)
def calls = published.androidExt.calls
check('published: evaluates', error == null)
check("plugins com.android.library + expo-module-gradle-plugin", published.pluginsBlock.calls.collect { it[1] } == ['com.android.library', 'expo-module-gradle-plugin'])
check('minSdkVersion 26', calls.contains(['minSdkVersion', 26]))
check('consumerProguardFiles proguard-rules.pro', calls.contains(['consumerProguardFiles', 'proguard-rules.pro']))
check('compiles the generated Kotlin binding', calls.contains(['plus', '../bindings/kotlin/generated']))
check('JNA 5.17 (16 KB-page libjnidispatch)', published.deps.calls.contains(['implementation', 'net.java.dev.jna:jna:5.17.0@aar']))
check('published: no Rust task', published.tasks.registered.isEmpty())

(published, error) = evaluate(jniLibs, 24)
check('app minSdk 24: stops, naming the config plugin', error?.message?.contains('Add "expo-speech-emotion" to "plugins" in app.json') == true)

(published, error) = evaluate([:], 26)
check('no jniLibs, no Rust source: stops', error?.message?.contains('packed without its') == true)

def (fromSource, err2) = evaluate(checkout, 26)
def task = fromSource.tasks.registered['buildSpeechEmotionRust']
check('checkout: evaluates', err2 == null)
check('checkout: cargo-ndk task before preBuild', task != null && fromSource.tasks.dependsOn['preBuild']?.size() == 1 &&
  task.command == ['bash', 'scripts/build-android.sh'])
check('checkout, no libs: the task runs', task.onlyIfs.every { it() })
def missing = null
try { task.doFirsts.each { it() } } catch (FakeGradleException e) { missing = e.message }
check("checkout, no toolchain: names Rust, cargo-ndk and the NDK", missing != null &&
  ['Rust (https://rustup.rs', 'cargo-ndk', 'the Android NDK'].every { missing.contains(it) })

def (withLibs, err3) = evaluate(checkout + jniLibs, 26)
def skipped = withLibs.tasks.registered['buildSpeechEmotionRust']
check('checkout with libs, no toolchain: skipped with a warning', err3 == null && !skipped.onlyIfs.every { it() } &&
  withLibs.logger.warnings.any { it.contains('using the existing jniLibs') })

System.exit(failures == 0 ? 0 : 1)
