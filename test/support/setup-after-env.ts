// e2e tests talk to real services; give slow machines room without hiding hangs forever.
jest.setTimeout(60_000);
