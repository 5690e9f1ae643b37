// source: expo/modules/kotlin/AppContext.kt
package expo.modules.kotlin

import android.content.Context
import expo.modules.interfaces.permissions.Permissions

class AppContext {
  val permissions: Permissions? //=
    get() = null
  val reactContext: Context? //=
    get() = null
}
