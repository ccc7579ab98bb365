// The editing forms with an address map and opening-hours rows.
import { kaartformulieren } from "../lib/kaartformulier.js";

kaartformulieren();
