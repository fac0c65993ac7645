import { PW303 } from './pw3xx.cases';

export default PW303;
