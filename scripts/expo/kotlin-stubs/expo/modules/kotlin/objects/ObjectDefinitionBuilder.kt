// source: expo/modules/kotlin/objects/ObjectDefinitionBuilder.kt
@file:Suppress("FunctionName")

package expo.modules.kotlin.objects

import expo.modules.kotlin.Promise
import expo.modules.kotlin.functions.AsyncFunctionComponent
import expo.modules.kotlin.functions.SyncFunctionComponent

open class ObjectDefinitionBuilder {
  @PublishedApi
  internal val bodies = mutableListOf<Any>()

  @JvmName("FunctionWithoutArgs") //=
  inline fun Function( //=
    name: String, //=
    crossinline body: () -> Any? //=
  ): SyncFunctionComponent { //=
    bodies.add({ body() }); return SyncFunctionComponent(name)
  }

  inline fun <reified R> Function( //=
    name: String, //=
    crossinline body: () -> R //=
  ): SyncFunctionComponent { //=
    bodies.add({ body() }); return SyncFunctionComponent(name)
  }

  inline fun <reified R, reified P0> Function( //=
    name: String, //=
    crossinline body: (p0: P0) -> R //=
  ): SyncFunctionComponent { //=
    bodies.add({ p0: P0 -> body(p0) }); return SyncFunctionComponent(name)
  }

  @JvmName("AsyncFunctionWithoutArgs") //=
  inline fun AsyncFunction( //=
    name: String, //=
    crossinline body: () -> Any? //=
  ): AsyncFunctionComponent { //=
    bodies.add({ body() }); return AsyncFunctionComponent(name)
  }

  inline fun <reified R> AsyncFunction( //=
    name: String, //=
    crossinline body: () -> R //=
  ): AsyncFunctionComponent { //=
    bodies.add({ body() }); return AsyncFunctionComponent(name)
  }

  inline fun <reified R, reified P0> AsyncFunction( //=
    name: String, //=
    crossinline body: (p0: P0) -> R //=
  ): AsyncFunctionComponent { //=
    // The real builder turns a single Promise parameter into a promise-taking function.
    check(P0::class.java != Promise::class.java || R::class.java == Unit::class.java)
    bodies.add({ p0: P0 -> body(p0) }); return AsyncFunctionComponent(name)
  }

  inline fun <reified R, reified P0, reified P1> AsyncFunction( //=
    name: String, //=
    crossinline body: (p0: P0, p1: P1) -> R //=
  ): AsyncFunctionComponent { //=
    bodies.add({ p0: P0, p1: P1 -> body(p0, p1) }); return AsyncFunctionComponent(name)
  }

  fun Events(vararg events: String) { //=
    bodies.add(events)
  }
}
