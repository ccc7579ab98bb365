// The start page: the gemeenten table filters as the user types.
import { gemeentefilter } from "../lib/gemeentefilter.js";

gemeentefilter();
