// source: expo/modules/kotlin/exception/CodedException.kt
package expo.modules.kotlin.exception

open class CodedException( //=
  message: String?, //=
  cause: Throwable? = null //=
) : Exception(message, cause) {
  open val code: String = "ERR"
  constructor(code: String?, message: String?, cause: Throwable?) : this(message = message, cause = cause) //=
}
