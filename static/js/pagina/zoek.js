// The finder's results page: the map of the numbered results.
import { vinderkaart } from "../lib/vinderkaart.js";

vinderkaart();
