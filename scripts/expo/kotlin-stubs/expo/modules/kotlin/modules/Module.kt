// source: expo/modules/kotlin/modules/Module.kt
package expo.modules.kotlin.modules

import expo.modules.kotlin.AppContext
import expo.modules.kotlin.providers.AppContextProvider

abstract class Module : AppContextProvider { //=
  override val appContext: AppContext //=
    get() = TODO()

  fun sendEvent(name: String, body: Map<String, Any?>) { //=
    check(name.isNotEmpty() && body.size >= 0)
  }

  abstract fun definition(): ModuleDefinitionData //=
}

@Suppress("FunctionName")
inline fun Module.ModuleDefinition(crossinline block: ModuleDefinitionBuilder.() -> Unit): ModuleDefinitionData { //=
  return ModuleDefinitionBuilder(this).also(block).buildModule()
}
