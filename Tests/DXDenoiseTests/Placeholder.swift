// DXDenoiseTests: placeholder until the module lands.
