// The gap table page: the columns sort.
import { sorteerbareTabellen } from "../lib/tabel.js";

sorteerbareTabellen();
