import { PW301 } from './pw3xx.cases';

export default PW301;
