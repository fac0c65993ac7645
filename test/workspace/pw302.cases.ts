import { PW302 } from './pw3xx.cases';

export default PW302;
