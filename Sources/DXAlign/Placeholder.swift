// DXAlign: placeholder until the module lands.
