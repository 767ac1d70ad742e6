// DXSignal: placeholder until the module lands.
