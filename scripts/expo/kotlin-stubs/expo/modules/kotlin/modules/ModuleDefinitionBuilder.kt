// source: expo/modules/kotlin/modules/ModuleDefinitionBuilder.kt
@file:Suppress("FunctionName")

package expo.modules.kotlin.modules

import expo.modules.kotlin.objects.ObjectDefinitionBuilder

class ModuleDefinitionBuilder( //=
  module: Module? = null //=
) : InternalModuleDefinitionBuilder(module)

open class InternalModuleDefinitionBuilder(
  @PublishedApi internal val module: Module? = null, //=
) : ObjectDefinitionBuilder() {
  @PublishedApi
  internal var name: String? = null //=
  @PublishedApi
  internal val listeners = mutableListOf<() -> Unit>()

  fun buildModule(): ModuleDefinitionData { //=
    return ModuleDefinitionData(requireNotNull(name ?: module?.javaClass?.simpleName))
  }

  fun Name(name: String) { //=
    this.name = name //=
  }

  inline fun OnCreate(crossinline body: () -> Unit) { //=
    listeners.add { body() }
  }

  inline fun OnDestroy(crossinline body: () -> Unit) { //=
    listeners.add { body() }
  }
}
