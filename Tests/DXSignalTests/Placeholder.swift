// DXSignalTests: placeholder until the module lands.
