package io.wizcamel.state;

/** The state stores' behaviour on the SQLite files under the state directory (the default backend). */
class SqliteStateTest extends StateStoreContract {

    @Override
    StateStore newStore() {
        return StateStore.sqlite(dir.resolve("state").toString());
    }
}
