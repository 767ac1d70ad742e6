// DXDenoise: placeholder until the module lands.
