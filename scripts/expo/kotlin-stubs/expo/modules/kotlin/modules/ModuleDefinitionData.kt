// source: expo/modules/kotlin/modules/ModuleDefinitionData.kt
package expo.modules.kotlin.modules

class ModuleDefinitionData( //=
  val name: String, //=
)
