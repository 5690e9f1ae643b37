// source: expo/modules/kotlin/providers/AppContextProvider.kt
package expo.modules.kotlin.providers

import expo.modules.kotlin.AppContext

interface AppContextProvider { //=
  val appContext: AppContext //=
}
