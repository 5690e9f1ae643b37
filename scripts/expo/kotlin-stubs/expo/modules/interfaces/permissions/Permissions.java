// source: expo/modules/interfaces/permissions/Permissions.java
package expo.modules.interfaces.permissions;

public interface Permissions { //=
  static void getPermissionsWithPermissionsManager( //=
    Permissions permissionsManager,
    final expo.modules.kotlin.Promise promise, //=
    String... permissions
  ) {
    throw new UnsupportedOperationException("stub");
  }

  static void askForPermissionsWithPermissionsManager( //=
    Permissions permissionsManager,
    final expo.modules.kotlin.Promise promise, //=
    String... permissions
  ) {
    throw new UnsupportedOperationException("stub");
  }
}
