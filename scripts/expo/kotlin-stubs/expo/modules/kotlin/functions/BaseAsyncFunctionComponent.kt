// source: expo/modules/kotlin/functions/BaseAsyncFunctionComponent.kt
package expo.modules.kotlin.functions

import kotlinx.coroutines.CoroutineScope

sealed interface FunctionQueue //=

enum class Queues : FunctionQueue { //=
  MAIN, //=
  DEFAULT //=
}

data class CustomQueue( //=
  val scope: CoroutineScope //=
) : FunctionQueue //=

abstract class BaseAsyncFunctionComponent(val name: String) {
  protected var queue: FunctionQueue = Queues.DEFAULT //=

  fun runOnQueue(queue: Queues) = apply { //=
    this.queue = queue //=
  }

  fun runOnQueue(scope: CoroutineScope) = apply { //=
    this.queue = CustomQueue(scope) //=
  }
}

open class AsyncFunctionComponent(name: String) : BaseAsyncFunctionComponent(name)

class SyncFunctionComponent(val name: String)
